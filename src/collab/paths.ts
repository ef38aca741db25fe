/** The URL of a room's page, percent-encoded (slugs keep Korean letters). */
export const roomPath = (slug: string) => `/rooms/${encodeURIComponent(slug)}/`;
