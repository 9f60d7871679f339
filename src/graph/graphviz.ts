/**
 * DOT → SVG with Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz), no `dot` binary.
 *
 * The package is ESM-only while this library is CommonJS. Node ≥ 20.19 could `require` it, but
 * jest's module system cannot (and must not need a special config for a library's users), so the
 * WASM module runs in a worker thread that loads it with a real `import()`. The same worker gives
 * a synchronous variant (the caller blocks on `Atomics.wait`), which `cdk8s synth` — synchronous
 * from end to end — needs to write `topology.svg`.
 */
import { pathToFileURL } from 'url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';

/** Longest a synchronous render may block: loading the WASM takes well under a second. */
const SYNC_TIMEOUT_MS = 60_000;

/** Runs inside the worker (CommonJS, evaluated from a string so no extra file ships). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const { url, dot, port, signal } = workerData;
const send = (message) => {
  if (port) {
    port.postMessage(message);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  } else {
    parentPort.postMessage(message);
  }
};
import(url)
  .then(async ({ Graphviz }) => {
    const graphviz = await Graphviz.load();
    send({ svg: graphviz.dot(dot) });
  })
  .catch((error) => send({ error: String(error && error.message ? error.message : error) }));
`;

interface WorkerReply {
  readonly svg?: string;
  readonly error?: string;
}

function moduleUrl(): string {
  return pathToFileURL(require.resolve('@hpcc-js/wasm-graphviz')).href;
}

function unwrap(reply: WorkerReply | undefined): string {
  if (!reply) throw new Error('Graphviz worker ended without an answer');
  if (reply.error !== undefined || reply.svg === undefined) throw new Error(`Graphviz could not render the diagram: ${reply.error}`);
  return reply.svg;
}

/** Renders DOT source to an SVG document. */
export function dotToSvg(dot: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url: moduleUrl(), dot } });
    worker.once('message', (reply: WorkerReply) => {
      void worker.terminate();
      try {
        resolve(unwrap(reply));
      } catch (e) {
        reject(e);
      }
    });
    worker.once('error', reject);
  });
}

/** Renders DOT source to an SVG document, blocking the calling thread until Graphviz is done. */
export function dotToSvgSync(dot: string): string {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { url: moduleUrl(), dot, port: port2, signal },
    transferList: [port2],
  });
  try {
    const outcome = Atomics.wait(signal, 0, 0, SYNC_TIMEOUT_MS);
    if (outcome === 'timed-out') throw new Error(`Graphviz did not answer within ${SYNC_TIMEOUT_MS / 1000}s`);
    return unwrap(receiveMessageOnPort(port1)?.message);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
