// Redaction of a key that is an ordinary word: masked where it stands as a value, never inside
// the words of a message; a random key is masked wherever it occurs.
import { describe, expect, it } from 'vitest';
import { commandLine } from '../src/cli/command-line.js';
import { redact } from '../src/jasper/redact.js';

describe('redact a key that is an ordinary word', () => {
  const word = (text: string) => redact(text, ['wrong']);

  it('leaves the word alone inside longer words and in the sentences of messages', () => {
    expect(word('Jasper refused the API key (401): it is missing, revoked or wrong.')).toBe(
      'Jasper refused the API key (401): it is missing, revoked or wrong.',
    );
    expect(word('the value was wrongly set; wrongful')).toBe('the value was wrongly set; wrongful');
    expect(redact('latency 12345 ms', ['1234'])).toBe('latency 12345 ms');
  });

  it('masks it where it is a value: an argument, a header, a JSON string, a query parameter, an escape', () => {
    expect(word('--api-key=wrong and --api-key wrong')).toBe('--api-key=**** and --api-key ****');
    expect(word('Authorization: Bearer wrong')).toBe('Authorization: Bearer ****');
    expect(word('{"apiKey":"wrong"}')).toBe('{"apiKey":"****"}');
    expect(word('{"message":"line\\nwrong"}')).toBe('{"message":"line\\n****"}');
    expect(word('https://x.example/?key=wrong&b=1 and a%3Dwrong')).toBe('https://x.example/?key=****&b=1 and a%3D****');
    expect(word('wrong')).toBe('****');
    expect(word('the key wrong was refused')).toBe('the key **** was refused');
  });

  it('still masks a random key wherever it occurs, glued to words too', () => {
    const key = 'Xk29fLq0ZpW8';
    expect(redact(`Bearer${key}x and ${key}`, [key])).toBe('Bearer****ZpW8x and ****ZpW8');
  });
});

describe('the command line a run names', () => {
  it('leaves out the values of --api-key and --notify, in both forms, and quotes what a shell would need quoted', () => {
    const argv = [
      'node',
      'jasper-push',
      'push',
      'products',
      'my file.csv',
      '--api-key',
      'sk-live-abc',
      '--notify=https://hooks.example/T0/B0/xyz',
      '--feed',
      "o'neil",
    ];
    const line = commandLine(argv);
    expect(line).toBe(`jasper-push push products 'my file.csv' --api-key **** --notify=**** --feed 'o'\\''neil'`);
    expect(line).not.toContain('sk-live-abc');
    expect(line).not.toContain('xyz');
  });

  it('passes the rest through the run’s scrubber (a secret given in another form)', () => {
    expect(
      commandLine(['node', 'jasper-push', 'ping', '--api-url', 'https://acme.example/api/v1?key=abcdef123456789'], (text) => redact(text, ['abcdef123456789'])),
    ).toBe("jasper-push ping --api-url 'https://acme.example/api/v1?key=****6789'");
  });
});
