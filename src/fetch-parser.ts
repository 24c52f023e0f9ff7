// Node's fetch (undici) parses every answer with llhttp, compiled to WebAssembly. V8 runs a wasm
// function on its baseline compiler first and recompiles it with TurboFan once it has run enough.
// llhttp's 29 KB parse function gets there within a run's first answers (Node 20: the very first),
// and that compile costs about 180 ms of CPU and 25–30 MB of memory: half of a `ping`'s CPU, a
// quarter of a small push's, for a parser that spends microseconds on each answer.
// A larger tiering budget makes V8 wait for a few hundred answers instead (a loop of small ones
// had its compile done after 400–525 on Node 20 and 24), so a short run never pays for it and a
// long one still gets the faster parser. The flag is set once undici is loaded: Node rejects the
// compiled code it ships for any built-in module loaded after a V8 flag changes, and compiling
// undici from source costs more.
import v8 from 'node:v8';

let deferred = false;

/** Loads Node's fetch and raises V8's wasm tiering budget; once per process. */
export function deferFetchParserTierUp(): void {
  if (deferred) return;
  deferred = true;
  // Node loads undici on first use of any of its globals; Headers loads it without a request.
  void globalThis.Headers;
  v8.setFlagsFromString('--wasm-tiering-budget=2000000000');
}
