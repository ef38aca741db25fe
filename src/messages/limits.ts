/** The longest text a message may carry (chat, an edit, an image's caption), in characters. */
export const MAX_MESSAGE_LENGTH = 2000;
