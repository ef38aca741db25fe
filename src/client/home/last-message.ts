import { listTime } from '../../messages/timeline-days.js';

/** The server writes the rooms' last-message times in Korean time: shown again in the viewer's own. */
export function showLastMessageTimes(): void {
  const now = new Date();
  for (const time of document.querySelectorAll<HTMLTimeElement>('.last-message time[datetime]')) time.textContent = listTime(new Date(time.dateTime), now);
}
