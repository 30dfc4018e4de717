// winston's Loki transport (winston-loki) against Logdump: protobuf in a Snappy block (its default) or JSON.
//   node loki-client.mjs proto|json      LOGDUMP_URL, LOGDUMP_TOKEN, RECORDS (how many), TAG (in each line)
// Prints one JSON object: the Content-Type the transport sent and the errors it reported.
import winston from 'winston';
import LokiTransport from 'winston-loki';

const encoding = process.argv[2];
const records = Number(process.env.RECORDS ?? '100');
const tag = process.env.TAG ?? encoding;
const errors = [];
const transport = new LokiTransport({
  host: process.env.LOGDUMP_URL,
  basicAuth: `winston:${process.env.LOGDUMP_TOKEN}`,
  json: encoding === 'json',
  labels: { app: 'checkout' },
  interval: 0.1,
  replaceTimestamp: false,
  gracefulShutdown: false,
  clearOnError: true,
  onConnectionError: (err) => errors.push(String(err)),
});
const logger = winston.createLogger({ transports: [transport] });
for (let i = 0; i < records; i++) {
  logger.log({
    level: i % 2 === 0 ? 'info' : 'error',
    message: `${tag} order ${i}`,
    timestamp: new Date(Date.UTC(2026, 10, 29, 7, 0, 0, i)).toISOString(),
    labels: { env: 'test' },
    order: i,
  });
}
await transport.flush();
await transport.close();
console.log(JSON.stringify({ contentType: transport.batcher.contentType, errors }));
