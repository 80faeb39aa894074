/**
 * The version of the record contract in this tree (semver): the AsyncAPI document's info.version and
 * the folder `pnpm contract:release` writes under packages/contract/released/. It is either the last
 * release or, once a schema changed since, the next one: minor for additive changes (a new optional
 * field, a new topic), major when a topic is retired. A breaking change to a topic's records never
 * gets a version here: it gets a new topic (`.v2`). See docs/consumers.md#schema-evolution.
 */
export const CONTRACT_VERSION = '1.1.0';
