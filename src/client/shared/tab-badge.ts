import { unreadText } from '../../attention/unread-text.js';

const ICON = '/static/favicon.svg';
const ICON_WITH_DOT = '/static/favicon-dot.svg';

/**
 * The tab's own badge: the unread count before the page's title (`(3) 파이썬 스터디 ·
 * codingline`) and a dot on the favicon while anything is unread, so a background tab says
 * so in the tab strip.
 */
export function createTabBadge() {
  const title = document.title;
  const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  return {
    show(count: number): void {
      document.title = count > 0 ? `(${unreadText(count)}) ${title}` : title;
      icon?.setAttribute('href', count > 0 ? ICON_WITH_DOT : ICON);
    },
  };
}

export type TabBadge = ReturnType<typeof createTabBadge>;
