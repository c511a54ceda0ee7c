import { request } from 'node:http';
import { connect } from 'node:net';

/** True when something accepts a TCP connection on host:port within timeoutMs. */
export function canConnect(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolveResult) => {
    const socket = connect({ port, host });
    const finish = (result: boolean): void => {
      socket.destroy();
      resolveResult(result);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Status code of an HTTP GET, or undefined when there is no answer within timeoutMs. The body is discarded. */
export function httpGetStatus(url: string, timeoutMs = 1_000): Promise<number | undefined> {
  return new Promise((resolveStatus) => {
    // A fresh connection each time: a kept-alive socket to a restarted server would report stale answers.
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolveStatus(res.statusCode);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolveStatus(undefined));
    req.end();
  });
}
