import S3rver from 's3rver';

// A local S3-compatible server for the tests (see s3-server.ts): s3rver on a free port of
// 127.0.0.1, storing in the folder given, with one bucket. Prints {"port":…} once it listens.
const [directory = '', bucket = ''] = process.argv.slice(2);
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
const { port } = await server.run();
console.log(JSON.stringify({ port }));
process.on('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
