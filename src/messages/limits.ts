/** The longest text a message may carry (chat, an edit, an image's caption), in characters. */
export const MAX_MESSAGE_LENGTH = 2000;

/** The longest excerpt a reply shows of the message it answers, in characters. */
export const REPLY_EXCERPT_MAX = 100;
