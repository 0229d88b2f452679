#!/usr/bin/env node
// A stand-in for grpcurl's unary call form, for machines without grpcurl (it is not packaged for
// Debian, npm or NuGet): `grpcurl -plaintext [-H 'name: value']... [-d JSON] HOST:PORT pkg.Service/Method`.
// It loads the service from contracts/proto (not from reflection), sends the JSON request as the
// proto message, and prints the response as JSON. The README's doc-test puts it on PATH as `grpcurl`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readdirSync, statSync } from "node:fs";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const here = path.dirname(fileURLToPath(import.meta.url));
const contracts = path.resolve(here, "..");

function fail(message, code = 2) {
  process.stderr.write(`grpcurl (stand-in): ${message}\n`);
  process.exit(code);
}

const args = process.argv.slice(2);
const headers = [];
let data = "{}", plaintext = false;
const positional = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "-plaintext") plaintext = true;
  else if (a === "-H") headers.push(args[++i]);
  else if (a === "-d") data = args[++i];
  else if (a.startsWith("-")) fail(`unsupported flag ${a}`);
  else positional.push(a);
}
if (!plaintext) fail("only -plaintext is supported");
if (positional.length !== 2) fail("usage: grpcurl -plaintext [-H 'k: v'] [-d JSON] HOST:PORT package.Service/Method");
const [address, target] = positional;
const [serviceName, methodName] = target.split("/");

function protoFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? protoFiles(full) : name.endsWith(".proto") ? [full] : [];
  });
}
const root = path.join(contracts, "proto");
const definition = protoLoader.loadSync(protoFiles(root).map((f) => path.relative(root, f)), {
  includeDirs: [root, path.join(contracts, "third_party")],
  keepCase: false, longs: String, enums: String, defaults: false, oneofs: true,
});
const service = serviceName.split(".").reduce((o, part) => o?.[part], grpc.loadPackageDefinition(definition));
if (!service?.service?.[methodName]) fail(`unknown method ${target}`);
const client = new service(address, grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
for (const h of headers) {
  const at = h.indexOf(":");
  metadata.add(h.slice(0, at).trim().toLowerCase(), h.slice(at + 1).trim());
}
let request;
try { request = JSON.parse(data); } catch { fail("-d is not valid JSON"); }
client[methodName](request, metadata, { deadline: Date.now() + 30000 }, (error, response) => {
  if (error) {
    process.stderr.write(`ERROR:\n  Code: ${grpc.status[error.code]}\n  Message: ${error.details}\n`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(response, null, 2) + "\n");
  process.exit(0);
});
