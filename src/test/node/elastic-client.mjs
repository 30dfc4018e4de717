// The official Elasticsearch client against Logdump, as a shipper written on it would use it:
// info(), the cluster's health, and the bulk helper. Prints one JSON object of what it saw.
//   LOGDUMP_URL, LOGDUMP_TOKEN (an ingest token), INDEX (<logset>.<subject>), DOCS (how many)
import { Client } from '@elastic/elasticsearch';

const url = process.env.LOGDUMP_URL;
const token = process.env.LOGDUMP_TOKEN;
const index = process.env.INDEX;
const docs = Number(process.env.DOCS ?? '1000');

const bearer = new Client({ node: url, auth: { bearer: token } });
const basic = new Client({ node: url, auth: { username: 'shipper', password: token } });

const info = await bearer.info();
const health = await basic.cluster.health();

const datasource = [];
for (let i = 0; i < docs; i++) {
  datasource.push({ '@timestamp': new Date(Date.UTC(2026, 10, 29, 7, 0, 0, i)).toISOString(), message: `order ${i}`, n: i });
}
const bulk = await bearer.helpers.bulk({
  datasource,
  onDocument: () => ({ create: { _index: index } }),
  flushBytes: 20_000,
  concurrency: 2,
  onDrop: (dropped) => { console.error('dropped', JSON.stringify(dropped)); },
});

// one request with an item Logdump refuses (an index that names no subject): the client reports it per item
const mixed = await basic.bulk({
  operations: [
    { index: { _index: index } }, { '@timestamp': '2026-11-29T08:00:00.000Z', message: 'from client.bulk' },
    { index: { _index: 'no-such-index' } }, { message: 'refused' },
  ],
});

console.log(JSON.stringify({
  version: info.version.number,
  health: health.status,
  bulk: { total: bulk.total, successful: bulk.successful, failed: bulk.failed, aborted: bulk.aborted },
  mixed: { errors: mixed.errors, statuses: mixed.items.map((item) => Object.values(item)[0].status) },
}));
