// Reads a secret without echoing it: from a hidden terminal prompt, or from stdin (--stdin).
import { InterruptedError, UsageError } from '../../errors.js';
import type { Streams } from './terminal.js';

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

export async function readSecret(streams: Streams, prompt: string, fromStdin: boolean): Promise<string> {
  const secret = fromStdin ? await readAllStdin(streams.stdin) : await promptHidden(streams, prompt);
  const trimmed = secret.trim();
  if (trimmed === '') throw new UsageError('No key was given.');
  if (/\s/.test(trimmed)) throw new UsageError('The key contains white space; paste only the key.');
  // It travels in an HTTP header, which carries visible ASCII only.
  if (!/^[\x21-\x7e]+$/.test(trimmed)) throw new UsageError('The key contains characters that are not plain ASCII; paste only the key.');
  return trimmed;
}

async function readAllStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
}

function promptHidden(streams: Streams, prompt: string): Promise<string> {
  const stdin = streams.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    return Promise.reject(new UsageError('No terminal to prompt for the key: pipe it in with --stdin.'));
  }
  // Echo goes off before the prompt shows: a key typed or pasted the moment the prompt appears
  // would otherwise be echoed while the terminal still switches modes.
  stdin.setRawMode(true);
  streams.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      streams.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString('utf8')) {
        if (ENTER.has(char) || char === CTRL_D) return finish();
        if (char === CTRL_C) return finish(new InterruptedError('Cancelled; the stored key is unchanged.'));
        if (BACKSPACE.has(char)) value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.resume();
    stdin.on('data', onData);
  });
}
