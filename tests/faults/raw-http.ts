import http from 'node:http';
import net from 'node:net';

/**
 * Writes `request` as raw bytes and resolves with the server's status line, or `reset`
 * when the server dropped the connection without answering.
 */
export function rawStatusLine(baseUrl: string, request: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(received ? received.split('\r\n')[0]! : 'reset'));
    socket.setTimeout(10_000, () => socket.destroy());
    socket.end(request);
  });
}

/**
 * POSTs a body that never ends (64 KiB chunks after `head`) and resolves with the status the
 * server answered while it was still arriving, and how many bytes had been written by then.
 */
export function endlessPost(url: string, headers: Record<string, string>, head: string, maxBytes: number): Promise<{ status: number | 'none'; body: string; sentBytes: number }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sentBytes = 0;
    let answered = false;
    const request = http.request(url, { method: 'POST', headers });
    request.on('error', () => {
      if (!answered) resolve({ status: 'none', body: '', sentBytes });
    });
    request.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (data: Buffer) => (body += data.toString()));
      const done = () => {
        resolve({ status: res.statusCode ?? 0, body, sentBytes });
        request.destroy();
      };
      res.on('end', done);
      res.on('error', done);
    });
    request.write(head);
    const pump = () => {
      while (!answered && sentBytes < maxBytes) {
        sentBytes += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}
