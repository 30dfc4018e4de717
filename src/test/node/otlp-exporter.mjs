// The OpenTelemetry JavaScript SDK's OTLP/HTTP log exporters against Logdump.
//   node otlp-exporter.mjs proto|json      LOGDUMP_URL, LOGDUMP_TOKEN, RECORDS (how many), TAG (in each body)
// Prints one JSON object: the export results the exporter reported (0 is success).
import { LoggerProvider, BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { context, trace, TraceFlags } from '@opentelemetry/api';

const encoding = process.argv[2];
const records = Number(process.env.RECORDS ?? '100');
const tag = process.env.TAG ?? encoding;
const options = {
  url: `${process.env.LOGDUMP_URL}/v1/logs`,
  headers: { Authorization: `Bearer ${process.env.LOGDUMP_TOKEN}` },
  compression: process.env.COMPRESSION ?? 'none',
};
const exporter = encoding === 'proto' ? new ProtoExporter(options) : new JsonExporter(options);
const results = [];
const errors = [];
const exportOriginal = exporter.export.bind(exporter);
exporter.export = (logs, done) => exportOriginal(logs, (result) => {
  results.push(result.code);
  if (result.error) errors.push(String(result.error));
  done(result);
});

const provider = new LoggerProvider({
  resource: resourceFromAttributes({ 'service.name': 'checkout', 'deployment.environment': 'test' }),
  processors: [new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 50, scheduledDelayMillis: 100 })],
});
const logger = provider.getLogger('payments', '1.2.3');
const span = trace.wrapSpanContext({ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', traceFlags: TraceFlags.SAMPLED });
const inSpan = trace.setSpan(context.active(), span);
for (let i = 0; i < records; i++) {
  logger.emit({
    timestamp: new Date(Date.UTC(2026, 10, 29, 7, 0, 0, i)),
    severityNumber: i % 2 === 0 ? SeverityNumber.INFO : SeverityNumber.ERROR,
    severityText: i % 2 === 0 ? 'INFO' : 'ERROR',
    body: `${tag} payment ${i}`,
    attributes: { 'order.id': i, 'order.paid': i % 2 === 0, 'order.tags': ['eu', 'card'] },
    context: inSpan,
  });
}
await provider.forceFlush();
await provider.shutdown();
console.log(JSON.stringify({ results, errors }));
