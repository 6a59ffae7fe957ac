// The dashboard's service worker: Web Push while no dashboard is open. A push carries the
// candidate's name, the reason and the conversation's id (lib/notifications/push.ts); a
// click opens that conversation (or focuses a dashboard already showing it), where the
// notifications of that conversation are marked read.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === 'string' ? data.title : 'Recruitment inbox';
  const conversationId = typeof data.conversationId === 'string' ? data.conversationId : null;
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      tag: conversationId ? `conversation-${conversationId}` : undefined,
      data: { conversationId },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const id = event.notification.data && event.notification.data.conversationId;
  const path = id && /^[0-9a-f-]{36}$/i.test(id) ? `/conversations/${id}` : '/conversations';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (new URL(client.url).pathname === path && 'focus' in client) return client.focus();
      }
      return self.clients.openWindow(path);
    }),
  );
});
