/**
 * Preloaded into a vigie child process (`node --import <tsx> --import <this file> bin/vigie.js …`) by
 * test/robustness/faults.test.ts: every way JavaScript has to reach the network — sockets, TLS, DNS, HTTP(S), UDP,
 * fetch — is replaced by a function that records the attempt (one JSON line appended to the file named by
 * VIGIE_NET_LOG, with its stack) and throws. The test asserts that the file stays empty.
 */
import { appendFileSync } from 'node:fs';
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.VIGIE_NET_LOG;

function blocked(what: string): (...args: unknown[]) => never {
  // a function, not an arrow: `new WebSocket(…)` must be recorded too
  return function (...args: unknown[]): never {
    const shown = args.map((a) => (typeof a === 'function' ? '[function]' : typeof a === 'object' && a !== null ? '[object]' : String(a)));
    if (log) appendFileSync(log, `${JSON.stringify({ what, args: shown, stack: new Error().stack })}\n`);
    throw new Error(`network access attempted (${what}) in a test that forbids it`);
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- replacing functions of Node's modules whatever their overloads */
const patch = (target: any, names: string[], prefix: string): void => {
  for (const n of names) if (typeof target[n] === 'function') target[n] = blocked(`${prefix}.${n}`);
};
patch(net.Socket.prototype, ['connect'], 'net.Socket.prototype');
patch(net, ['connect', 'createConnection'], 'net');
patch(tls, ['connect'], 'tls');
patch(dns, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs',
  'resolveSrv', 'resolveTxt', 'reverse'], 'dns');
patch(dns.promises, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse'], 'dns.promises');
patch(http, ['request', 'get'], 'http');
patch(https, ['request', 'get'], 'https');
patch(dgram, ['createSocket'], 'dgram');
patch(globalThis, ['fetch'], 'globalThis');
patch(globalThis, ['WebSocket', 'EventSource'], 'globalThis');
/* eslint-enable @typescript-eslint/no-explicit-any */
// `import { request } from 'node:http'` in a module loaded later sees the replaced functions too.
syncBuiltinESMExports();
