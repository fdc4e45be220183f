// Loaded into the worker process by `bench/footprint.ts --live` (NODE_OPTIONS=--require): answers
// GET http://127.0.0.1:$HEAP_PROBE_PORT/ with the process's JavaScript heap in use, in bytes, after
// a full garbage collection. With TEMPORAL_DEBUG set the worker runs its workflows in this thread,
// so that is the live memory the cached cases hold, without the garbage RSS also counts.
const http = require('node:http');
const v8 = require('node:v8');
const vm = require('node:vm');
const { isMainThread } = require('node:worker_threads');

// Preloads also run in the module loader's own thread (tsx); only the main thread answers.
if (isMainThread) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  http
    .createServer((_req, res) => {
      gc();
      gc();
      res.end(String(process.memoryUsage().heapUsed));
    })
    .listen(Number(process.env.HEAP_PROBE_PORT), '127.0.0.1')
    .unref();
}
