'use strict';
/*
 * The independent side of ConfluentInteropIT: an npm Confluent Schema Registry client
 * (@kafkajs/confluent-schema-registry, pinned in package.json, Avro via avsc) talking to the same
 * registry as the Java serde.
 *
 *   node interop.js decode <registryUrl> <in.bin> <out.json>
 *       decodes Confluent-framed bytes written by Java; writes {"id": <schema id>, "value": <record>}
 *   node interop.js encode <registryUrl> <avroDir> <out.bin> <out.json>
 *       builds the vigil.advisories.v1 value schema from the .avsc sources under avroDir (shared
 *       named types inlined here, not by Java), registers it under vigil.advisories.v1-value,
 *       encodes the record below; writes the framed bytes and {"id": ..., "value": <what it encoded>}
 *
 * Errors go to stderr with a non-zero exit code; the Java test puts stderr in its failure message.
 */
const fs = require('fs');
const path = require('path');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const SUBJECT = 'vigil.advisories.v1-value';
const ROOT = 'io.vigil.events.v1.Advisory';

function client(host) {
  // no retries: a failing registry call should fail the test at once, with its message
  return new SchemaRegistry({ host, retry: { retries: 0 } });
}

function fullName(name, namespace) {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

/** Every named type defined at the top of an .avsc file under dir, by full name. */
function namedTypes(dir) {
  const named = new Map();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.name.endsWith('.avsc')) {
        const s = JSON.parse(fs.readFileSync(p, 'utf8'));
        named.set(fullName(s.name, s.namespace), s);
      }
    }
  };
  walk(dir);
  return named;
}

/**
 * A self-contained schema: each reference to a type defined in another file is replaced by that
 * definition at its first use, depth first in field order (Avro's own definition order), and left
 * as a name afterwards.
 */
function inline(schema, named, namespace = '', defined = new Set()) {
  if (typeof schema === 'string') {
    const name = fullName(schema, schema.includes('.') ? '' : namespace);
    if (named.has(name) && !defined.has(name)) {
      return inline(structuredClone(named.get(name)), named, namespace, defined);
    }
    return schema;
  }
  if (Array.isArray(schema)) {
    return schema.map((s) => inline(s, named, namespace, defined));
  }
  const out = { ...schema };
  let ns = namespace;
  if (['record', 'enum', 'fixed'].includes(schema.type)) {
    const name = fullName(schema.name, schema.namespace || namespace);
    defined.add(name);
    ns = name.includes('.') ? name.substring(0, name.lastIndexOf('.')) : '';
  }
  if (schema.type === 'record') {
    out.fields = schema.fields.map((f) => ({ ...f, type: inline(f.type, named, ns, defined) }));
  } else if (schema.type === 'array') {
    out.items = inline(schema.items, named, ns, defined);
  } else if (schema.type === 'map') {
    out.values = inline(schema.values, named, ns, defined);
  } else if (typeof schema.type === 'object') {
    out.type = inline(schema.type, named, ns, defined);
  }
  return out;
}

/**
 * The record JS writes: what avsc expects without logical-type options: timestamp-millis as plain
 * numbers of epoch millis, enums as symbol strings, nullable unions unwrapped (null or the value).
 * `related`, `upstream` and `databaseSeverity` are left out on purpose: avsc fills Avro defaults.
 */
function advisory() {
  return {
    id: 'GHSA-jfh8-c2jp-5v3q',
    modified: 1_712_345_678_901,
    published: 1_639_094_400_123,
    withdrawn: null,
    aliases: ['CVE-2021-44228'],
    summary: 'Remote code injection in Log4j — JNDI lookups ✓',
    details: 'Apache Log4j2 2.0-beta9 through 2.15.0 JNDI features … 🔥',
    detailsTruncated: true,
    severities: [
      {
        type: 'CVSS_V3',
        score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
        baseScore: 10.0,
        rating: 'CRITICAL',
      },
    ],
    affected: [
      {
        ecosystem: 'Maven',
        name: 'org.apache.logging.log4j:log4j-core',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core',
        packageKey: null,
        ranges: [
          {
            type: 'ECOSYSTEM',
            repo: null,
            events: [
              { kind: 'INTRODUCED', version: '2.13.0' },
              { kind: 'FIXED', version: '2.15.0' },
            ],
          },
          {
            type: 'GIT',
            repo: 'https://github.com/apache/logging-log4j2',
            events: [{ kind: 'LAST_AFFECTED', version: 'c77b3cb39312b83b053d23a2158b99ac7de44dd3' }],
          },
        ],
        versions: ['2.14.0', '2.14.1'],
        severities: [{ type: 'GHSA', score: 'CRITICAL', baseScore: null, rating: null }],
        lastKnownAffectedVersionRange: '< 2.15.0',
        versionsOmitted: 0,
      },
    ],
    references: [{ type: 'ADVISORY', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' }],
    source: { feed: 'GHSA', location: 'advisories/GHSA-jfh8-c2jp-5v3q.json', contentHash: null },
    ingestedAt: 1_764_000_000_000,
  };
}

async function decode(host, inFile, outFile) {
  const bytes = fs.readFileSync(inFile);
  const value = await client(host).decode(bytes);
  fs.writeFileSync(outFile, JSON.stringify({ id: bytes.readInt32BE(1), value }));
}

async function encode(host, avroDir, outBin, outJson) {
  const named = namedTypes(avroDir);
  if (!named.has(ROOT)) {
    throw new Error(`${ROOT} not found under ${avroDir}`);
  }
  const schema = JSON.stringify(inline(structuredClone(named.get(ROOT)), named));
  const registry = client(host);
  const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: SUBJECT });
  const value = advisory();
  fs.writeFileSync(outBin, await registry.encode(id, value));
  fs.writeFileSync(outJson, JSON.stringify({ id, value }));
}

async function main([command, ...args]) {
  if (command === 'decode' && args.length === 3) {
    return decode(...args);
  }
  if (command === 'encode' && args.length === 4) {
    return encode(...args);
  }
  throw new Error('usage: interop.js decode <url> <in.bin> <out.json> | encode <url> <avroDir> <out.bin> <out.json>');
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  if (e && e.paths) {
    console.error('invalid paths:', JSON.stringify(e.paths));
  }
  process.exit(1);
});
