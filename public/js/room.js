// Room page: live chat over the WebSocket, history paging, typing and presence,
// image uploads and owner controls. Text is always inserted with textContent.
(() => {
  'use strict';

  const root = document.getElementById('room');
  if (!root) return;
  const slug = root.dataset.slug;
  const myId = Number(root.dataset.userId);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const messages = document.getElementById('messages');
  const form = document.getElementById('chat-form');
  const input = document.getElementById('chat-input');
  const status = document.getElementById('connection-status');
  const typing = document.getElementById('typing');
  const notice = document.getElementById('room-notice');
  const images = document.getElementById('images');
  const olderButton = document.getElementById('load-older');

  let socket = null;
  let lastId = Number(root.dataset.lastId || 0);
  let retry = 0;
  let stopped = false;
  let lastTypingSent = 0;
  const pending = new Map();
  const typingTimers = new Map();

  const basePath = `/rooms/${encodeURIComponent(slug)}`;

  function setStatus(text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }

  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = false;
  }

  // "오후 3:07", in the viewer's own time zone (the server renders Korean time first).
  function formatTime(iso) {
    const date = new Date(iso);
    const hours = date.getHours();
    const minutes = String(date.getMinutes()).padStart(2, '0');
    return `${hours < 12 ? '오전' : '오후'} ${hours % 12 || 12}:${minutes}`;
  }

  function messageElement(message) {
    const item = document.createElement('li');
    item.className = 'message' + (message.user.id === myId ? ' mine' : '');
    item.dataset.id = String(message.id);
    const meta = document.createElement('div');
    meta.className = 'meta';
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = message.user.name;
    const time = document.createElement('time');
    time.dateTime = message.ts;
    time.textContent = formatTime(message.ts);
    meta.append(author, time);
    item.append(meta);
    if (message.message) {
      const text = document.createElement('p');
      text.className = 'text';
      text.textContent = message.message;
      item.append(text);
    }
    if (message.url) {
      const image = document.createElement('img');
      image.src = message.url;
      image.alt = `${message.user.name}님이 올린 이미지`;
      image.loading = 'lazy';
      item.append(image);
    }
    return item;
  }

  function hasMessage(id) {
    return messages.querySelector(`li[data-id="${id}"]`) !== null;
  }

  function appendMessage(message) {
    if (hasMessage(message.id)) return;
    const nearBottom = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 80;
    messages.append(messageElement(message));
    lastId = Math.max(lastId, message.id);
    if (nearBottom || message.user.id === myId) messages.scrollTop = messages.scrollHeight;
  }

  function addImageTile(message) {
    if (!images || images.querySelector(`[data-id="${message.id}"]`)) return;
    const link = document.createElement('a');
    link.href = message.url;
    link.target = '_blank';
    link.rel = 'noopener';
    link.dataset.id = String(message.id);
    const image = document.createElement('img');
    image.src = message.url;
    image.alt = `${message.user.name}님이 올린 이미지`;
    image.loading = 'lazy';
    link.append(image);
    images.prepend(link);
  }

  function setOnline(ids) {
    const online = new Set(ids);
    for (const item of document.querySelectorAll('#members li[data-user-id]')) {
      item.classList.toggle('online', online.has(Number(item.dataset.userId)));
    }
    const count = document.getElementById('online-count');
    if (count) count.textContent = String(online.size);
  }

  function showTyping(user) {
    clearTimeout(typingTimers.get(user.id));
    typingTimers.set(user.id, setTimeout(() => {
      typingTimers.delete(user.id);
      renderTyping();
    }, 3000));
    typing.dataset[`u${user.id}`] = user.name;
    renderTyping();
  }

  function renderTyping() {
    const names = [...typingTimers.keys()].map((id) => typing.dataset[`u${id}`]);
    typing.textContent = names.length === 0 ? '' : `${names.join(', ')}님이 입력 중…`;
  }

  function stopTyping(userId) {
    clearTimeout(typingTimers.get(userId));
    typingTimers.delete(userId);
    renderTyping();
  }

  const handlers = {
    chat: (event) => {
      appendMessage(event);
      stopTyping(event.user.id);
    },
    image: (event) => {
      appendMessage(event);
      addImageTile(event);
    },
    ack: (event) => {
      const item = pending.get(event.client_id);
      pending.delete(event.client_id);
      if (item) item.remove();
      lastId = Math.max(lastId, event.id);
    },
    presence: (event) => setOnline(event.online),
    typing: (event) => showTyping(event.user),
    member_joined: () => refreshMembers(),
    member_left: () => refreshMembers(),
    member_unbanned: () => refreshMembers(),
    member_kicked: (event) => {
      if (event.userId === myId) {
        stopped = true;
        showNotice('방장에 의해 강퇴되었습니다.');
        setStatus('연결 끊김', 'closed');
        form.querySelector('button').disabled = true;
        return;
      }
      refreshMembers();
    },
    owner_changed: () => window.location.reload(),
    room_deleted: () => {
      stopped = true;
      showNotice('채팅방이 삭제되었습니다. 잠시 후 홈으로 이동합니다.');
      setTimeout(() => window.location.assign('/'), 2000);
    },
    resync: () => window.location.reload(),
    error: (event) => showNotice(event.message || '요청을 처리하지 못했습니다.'),
  };

  function connect() {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${window.location.host}/ws${basePath}/?after=${lastId}`;
    setStatus('연결 중…', 'connecting');
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      retry = 0;
      setStatus('실시간 연결됨', 'open');
      notice.hidden = true;
    });
    socket.addEventListener('message', (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      const handler = handlers[event.event];
      if (handler) handler(event);
    });
    socket.addEventListener('close', (closed) => {
      socket = null;
      if (closed.code === 4001) {
        window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
        return;
      }
      if (closed.code === 4403 || stopped) {
        stopped = true;
        setStatus('연결 끊김', 'closed');
        if (notice.hidden) showNotice('이 채팅방에 접근할 수 없습니다.');
        return;
      }
      retry += 1;
      const delay = Math.min(30000, 500 * 2 ** Math.min(retry, 6)) * (0.5 + Math.random() / 2);
      setStatus('연결이 끊겨 다시 연결하는 중…', 'connecting');
      setTimeout(connect, delay);
    });
  }

  function sendChat(text) {
    const clientId = crypto.randomUUID();
    const item = messageElement({ id: 0, user: { id: myId, name: root.dataset.userName }, message: text, ts: new Date().toISOString() });
    item.classList.add('pending');
    item.dataset.id = '';
    messages.append(item);
    messages.scrollTop = messages.scrollHeight;
    pending.set(clientId, item);
    const frame = JSON.stringify({ action: 'chat', message: text, client_id: clientId });
    const trySend = (attempt) => {
      if (!pending.has(clientId)) return;
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
      // Resend until acknowledged: the server stores a client_id only once.
      if (attempt < 5) setTimeout(() => trySend(attempt + 1), 4000);
      else item.classList.add('failed');
    };
    trySend(0);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    sendChat(text);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  input.addEventListener('input', () => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - lastTypingSent < 2000) return;
    lastTypingSent = Date.now();
    socket.send(JSON.stringify({ action: 'typing' }));
  });

  async function loadOlder() {
    const first = messages.querySelector('li[data-id]:not([data-id=""])');
    const before = first ? first.dataset.id : '';
    const response = await fetch(`${basePath}/messages/?before=${before}`, { headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (!body.ok) return showNotice(body.error);
    const height = messages.scrollHeight;
    for (const message of body.messages) {
      if (!hasMessage(message.id)) messages.prepend(messageElement(message));
    }
    messages.scrollTop += messages.scrollHeight - height;
    if (body.nextBefore === null) olderButton.hidden = true;
  }

  if (olderButton) olderButton.addEventListener('click', () => loadOlder().catch(() => showNotice('이전 메시지를 불러오지 못했습니다.')));

  async function refreshMembers() {
    const response = await fetch(`${basePath}/`, { headers: { Accept: 'text/html' } });
    if (!response.ok) return;
    const html = await response.text();
    const next = new DOMParser().parseFromString(html, 'text/html').getElementById('members-panel');
    const current = document.getElementById('members-panel');
    if (next && current) current.replaceWith(next);
    bindAjaxForms();
  }

  // Owner controls and uploads: AJAX with the CSRF header; without JavaScript the same
  // forms post normally and the server redirects back.
  function bindAjaxForms() {
    for (const ajaxForm of document.querySelectorAll('form[data-ajax]')) {
      if (ajaxForm.dataset.bound) continue;
      ajaxForm.dataset.bound = '1';
      ajaxForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (ajaxForm.dataset.confirm && !window.confirm(ajaxForm.dataset.confirm)) return;
        const response = await fetch(ajaxForm.action, {
          method: 'POST',
          headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
          // Files go as multipart; everything else as a plain form the body parser reads.
          body: ajaxForm.enctype === 'multipart/form-data' ? new FormData(ajaxForm) : new URLSearchParams(new FormData(ajaxForm)),
        });
        const body = await response.json().catch(() => ({ ok: false, error: '요청을 처리하지 못했습니다.' }));
        if (!body.ok) return showNotice(body.error);
        if (body.next) return window.location.assign(body.next);
        ajaxForm.reset();
        refreshMembers();
      });
    }
  }

  for (const time of messages.querySelectorAll('time[datetime]')) time.textContent = formatTime(time.dateTime);
  bindAjaxForms();
  messages.scrollTop = messages.scrollHeight;
  connect();
})();
