// Shared by the server's templates and the browser client (bundled): one way to show a count.

/** Unread messages are counted up to this many per room. */
export const UNREAD_COUNTED = 1000;

/** A badge's text: the count, or "999+" once counting stopped. */
export const unreadText = (count: number) => (count >= UNREAD_COUNTED ? `${UNREAD_COUNTED - 1}+` : String(count));
