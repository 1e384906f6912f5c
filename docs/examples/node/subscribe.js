// Subscribe to Vigil's exposure events from node: kafkajs reads the topic (lz4js decompresses),
// avsc decodes the Avro.
//
//   node subscribe.js --bootstrap localhost:9092 --schema ExposureEvent.avsc \
//        --project shop --min-severity HIGH [--topic vigil.exposures.v1] [--group my-team] [--idle-exit-ms 0]
//
// Prints each matching event as one JSON line. With --idle-exit-ms N it exits N ms after the last
// message (for scripts and tests); without it, it runs until stopped. The schema file is the ExposureEvent writer schema
// (`./vigil topics schema vigil.exposures.v1 > ExposureEvent.avsc`).
'use strict';
const fs = require('fs');
const avro = require('avsc');
const { Kafka, logLevel, CompressionTypes, CompressionCodecs } = require('kafkajs');
const lz4 = require('lz4js');

// Vigil's producers compress with LZ4; kafkajs needs a codec for it (pure JavaScript, lz4js).
CompressionCodecs[CompressionTypes.LZ4] = () => ({
  compress: async (encoder) => Buffer.from(lz4.compress(encoder.buffer)),
  decompress: async (buffer) => Buffer.from(lz4.decompress(buffer)),
});

function args(argv) {
  const out = { topic: 'vigil.exposures.v1', group: 'exposure-subscriber', minSeverity: 'NONE', idleExitMs: 0 };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    out[key] = argv[i + 1];
  }
  return out;
}

const RANKS = ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

// Values use Avro single-object encoding: C3 01, an 8-byte schema fingerprint, then Avro binary.
// (With a schema registry configured, Vigil writes the Confluent format instead: 00 + 4-byte id.)
function decode(type, buf) {
  if (buf.length < 10 || buf[0] !== 0xc3 || buf[1] !== 0x01) {
    throw new Error('not an Avro single-object encoded value');
  }
  return type.fromBuffer(buf.subarray(10));
}

async function main() {
  const opt = args(process.argv);
  const type = avro.Type.forSchema(JSON.parse(fs.readFileSync(opt.schema, 'utf8')));
  const kafka = new Kafka({ clientId: 'exposure-subscriber', brokers: opt.bootstrap.split(','), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: opt.group, readUncommitted: false }); // committed events only
  await consumer.connect();
  await consumer.subscribe({ topic: opt.topic, fromBeginning: true });
  const started = Date.now();
  let last = null; // time of the last message (idle exit counts from the first one)
  await consumer.run({
    eachMessage: async ({ message }) => {
      last = Date.now();
      const e = decode(type, message.value);
      // the key is the project id: one project's events arrive in order
      if (e.project === opt.project && RANKS.indexOf(e.advisory.severity) >= RANKS.indexOf(opt.minSeverity)) {
        process.stdout.write(JSON.stringify({
          eventId: e.eventId, type: e.type, cause: e.cause, project: e.project,
          purl: e.component.purl, version: e.component.version,
          advisory: e.advisory.id, vulnerability: e.advisory.vulnerabilityId,
          severity: e.advisory.severity, kev: e.kev !== null, smallestFix: e.smallestFix,
        }) + '\n');
      }
    },
  });
  const idle = Number(opt.idleExitMs);
  if (idle > 0) {
    const timer = setInterval(async () => {
      const now = Date.now();
      if ((last !== null && now - last > idle) || now - started > Math.max(60000, 10 * idle)) {
        clearInterval(timer);
        await consumer.disconnect();
        process.exit(0);
      }
    }, 200);
  }
}

main().catch((err) => {
  process.stderr.write(`subscribe.js: ${err.stack || err}\n`);
  process.exit(1);
});
