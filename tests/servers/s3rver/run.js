'use strict';
// Start s3rver for the rdm-s3 tests (instead of its CLI, so that a key pair
// can be added without putting the secret on the command line).
//
//   node run.js DATA_DIR PORT [TLS_KEY TLS_CERT]
//
// Binds 127.0.0.1 only, path-style only. s3rver knows the key pair
// S3RVER/S3RVER; RDM_S3_S3RVER_ACCESS_KEY / RDM_S3_S3RVER_SECRET_KEY (from
// the environment) add one more, e.g. an instance's MinIO root user.
// NODE_PATH points at the node_modules of the cached npm ci install.
const fs = require('fs');
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

const [dataDir, port, keyFile, certFile] = process.argv.slice(2);
if (!dataDir || !port) {
  console.error('usage: node run.js DATA_DIR PORT [TLS_KEY TLS_CERT]');
  process.exit(64);
}
const accessKey = process.env.RDM_S3_S3RVER_ACCESS_KEY;
const secretKey = process.env.RDM_S3_S3RVER_SECRET_KEY;
delete process.env.RDM_S3_S3RVER_SECRET_KEY;
if (accessKey && secretKey) {
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);
}

const options = {
  address: '127.0.0.1',
  port: Number(port),
  directory: dataDir,
  vhostBuckets: false,
  silent: false,
};
if (keyFile && certFile) {
  options.key = fs.readFileSync(keyFile);
  options.cert = fs.readFileSync(certFile);
}
fs.mkdirSync(dataDir, { recursive: true });

new S3rver(options)
  .run()
  .then(({ address, port: bound }) => {
    console.log('S3rver listening on %s:%d', address, bound);
  })
  .catch((err) => {
    console.error('s3rver failed to start:', err && err.message ? err.message : err);
    process.exit(1);
  });

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => process.exit(0));
}
