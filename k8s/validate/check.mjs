// The offline check of k8s/ (k8s/README.md, "Checks"). Exit 0: all good; 1: errors (listed);
// 3: a tool is missing (run k8s/validate/run, which installs them).
//
// 1. Renders k8s/base, k8s/overlays/dev and k8s/overlays/prod with the pinned kubectl (Debian's
//    kubernetes-client package: kubectl 1.20 and its built-in kustomize), and, where another
//    kubectl is on PATH, with that one too: both must give the same objects.
// 2. Validates every object: built-in kinds against the Kubernetes OpenAPI schema of the npm
//    package kubernetes-models (version pinned in package-lock.json), GA API versions only; the
//    Dapr kinds against dapr-crds.schema.json, a schema written in this repository from Dapr's
//    CRDs (it says so in its $comment). Then the rules of k8s/README.md: securityContext, probes,
//    resources, no Secret objects, references between objects.
// 3. Consistency: services, ports, Dapr settings and environment settings agree between
//    ./platform, tye.yaml, the services' appsettings.json and each rendered overlay.
//
// Usage: node check.mjs [--root DIR] [--k8s DIR] [--tye FILE] [--platform FILE]
//                       [--kubectl PATH] [--no-compare] [--manifest FILE ...]
// --manifest validates only the given plain manifest files (schemas and rules, no rendering and
// no consistency check): the tests feed broken manifests this way.
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import os from "node:os";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import Ajv from "ajv";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const root = path.resolve(args.root ?? path.join(here, "../.."));
const k8sDir = path.resolve(args.k8s ?? path.join(root, "k8s"));
const errors = [];
const fail = (where, message) => errors.push(`${where}: ${message}`);

// Components that ./platform starts on one machine only (development tools, not services).
const DEVELOPMENT_ONLY_COMPONENTS = { "mail-sink": "the development mail catcher" };
// Settings that ./platform or tye.yaml give a service and the cluster deliberately does not.
// Anything else they set must be set in every overlay's Deployment too.
const DEVELOPMENT_ONLY_SETTINGS = {
  "Authentication__RequireHttpsMetadata": "the local token server is plain HTTP; in a cluster the default (true) applies",
  "Gateway__AdminSpaPath": "a path in the work tree; the image serves the built SPA",
  "Notifications__Email__Enabled": "reminder mails go to the local mail catcher",
  "Notifications__Email__Host": "the local mail catcher",
  "Notifications__Email__Port": "the local mail catcher",
};
// The gateway destinations of the extra instances `./platform up --replicas N` starts
// (<service>-2, …); in a cluster one destination, the service's Service, spreads over its pods.
const isExtraInstanceDestination = (n) => /^ReverseProxy__Clusters__[\w-]+__Destinations__(?!primary__)[\w${}-]+__Address$/.test(n);
// Secrets the manifests may name that examples/secrets.yaml does not list (created otherwise).
const SECRETS_CREATED_ELSEWHERE = {
  "mentoring-identity-keys": "created from PEM files (header of base/34-identity.yaml)",
  "mentoring-tls": "the ingress certificate, e.g. from cert-manager",
};

const kubectlVersion = readFileSync(path.join(here, "kubectl.version"), "utf8").trim();

async function main() {
  if (args.manifest.length) {
    for (const file of args.manifest) {
      const objects = yaml.loadAll(readFileSync(file, "utf8")).filter(Boolean);
      await validateObjects(path.basename(file), objects, { pinnedImages: false });
    }
    return;
  }
  const kubectl = findKubectl();
  const renderings = {};
  for (const dir of ["base", "overlays/dev", "overlays/prod"]) {
    renderings[dir] = render(kubectl, dir);
  }
  const other = args.noCompare ? null : otherKubectl(kubectl);
  if (other) {
    for (const dir of Object.keys(renderings)) {
      const a = canonical(renderings[dir]), b = canonical(render(other, dir));
      if (a !== b) fail(dir, `renders differently with ${other} than with the pinned kubectl ${kubectlVersion}`);
    }
  }
  let count = 0;
  for (const [dir, objects] of Object.entries(renderings)) {
    count += objects.length;
    await validateObjects(dir, objects, { pinnedImages: dir === "overlays/prod" });
  }
  const sources = {
    platform: readPlatform(args.platform ?? path.join(root, "platform")),
    tye: readTye(args.tye ?? path.join(root, "tye.yaml")),
    appsettings: readAppSettings(),
  };
  for (const dir of ["overlays/dev", "overlays/prod"]) checkConsistency(dir, renderings[dir], sources);
  checkReplicaPorts(sources.platform);
  console.log(`k8s check: rendered ${Object.keys(renderings).join(", ")} with kubectl ${kubectlVersion}` +
    `${other ? ` and ${other}` : ""}; validated ${count} objects; compared with ./platform, tye.yaml and appsettings.json`);
}

// ---------------------------------------------------------------------------------------------
// rendering

function findKubectl() {
  const candidates = [
    args.kubectl,
    process.env.MENTORING_KUBECTL,
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"),
      "mentoring", `kubernetes-client-${kubectlVersion}`, "usr/bin/kubectl"),
  ].filter(Boolean);
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    const e = new Error(`kubectl ${kubectlVersion} (Debian's kubernetes-client) is not installed: run k8s/validate/run` +
      ` (looked at ${candidates.join(", ")})`);
    e.missingTool = true;
    throw e;
  }
  return found;
}

function otherKubectl(pinned) {
  const which = spawnSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" });
  const onPath = which.status === 0 ? which.stdout.trim() : "";
  return onPath && path.resolve(onPath) !== path.resolve(pinned) ? onPath : null;
}

function render(kubectl, dir) {
  const r = spawnSync(kubectl, ["kustomize", path.join(k8sDir, dir)], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    fail(dir, `${kubectl} kustomize failed: ${(r.stderr || r.error?.message || "").trim()}`);
    return [];
  }
  return yaml.loadAll(r.stdout).filter(Boolean);
}

function canonical(objects) {
  const sortKeys = (v) => Array.isArray(v) ? v.map(sortKeys)
    : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v;
  return JSON.stringify(objects.map(sortKeys).sort((a, b) => id(a).localeCompare(id(b))));
}

const id = (o) => `${o?.kind}/${o?.metadata?.name}`;

// ---------------------------------------------------------------------------------------------
// schemas and rules

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const daprSchema = JSON.parse(readFileSync(path.join(here, "dapr-crds.schema.json"), "utf8"));
ajv.addSchema(daprSchema, "dapr");

async function validateObjects(where, objects, { pinnedImages }) {
  for (const o of objects) {
    const at = `${where}: ${id(o)}`;
    if (!o.apiVersion || !o.kind || !o.metadata?.name) { fail(where, `object without apiVersion, kind or metadata.name: ${JSON.stringify(o).slice(0, 120)}`); continue; }
    if (o.apiVersion.startsWith("dapr.io/")) validateDapr(at, o);
    else await validateBuiltIn(at, o);
    if (o.kind === "Secret") fail(at, "Secrets are referenced, never part of the manifests (k8s/examples/secrets.yaml shows them)");
    const pod = podSpecOf(o);
    if (pod) checkPod(at, o, pod, pinnedImages);
  }
  checkReferences(where, objects);
}

async function validateBuiltIn(at, o) {
  const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
  if (!/^v\d+$/.test(version)) {
    fail(at, `API version ${o.apiVersion} is not GA: use a v1/v2 API (the schema package also carries removed beta APIs)`);
    return;
  }
  let Model;
  try {
    Model = (await import(`kubernetes-models/${group ? `${group}/` : ""}${version}/${o.kind}`))[o.kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== "function") { fail(at, `no schema for ${o.apiVersion} ${o.kind} in kubernetes-models`); return; }
  try {
    new Model(o).validate();
  } catch (e) {
    fail(at, `schema: ${e.message}`);
  }
}

function validateDapr(at, o) {
  const ref = `dapr#/definitions/${o.apiVersion.split("/")[1]}.${o.kind}`;
  const validate = ajv.getSchema(ref);
  if (!validate) { fail(at, `no schema for ${o.apiVersion} ${o.kind} in dapr-crds.schema.json`); return; }
  if (!validate(o)) {
    for (const e of validate.errors) fail(at, `Dapr schema: ${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
    return;
  }
  if (o.kind === "Resiliency") {
    const policies = o.spec.policies ?? {};
    const has = (kind, name) => name === undefined || Object.hasOwn(policies[kind] ?? {}, name);
    const targets = [
      ...Object.entries(o.spec.targets.apps ?? {}).map(([n, t]) => [`apps.${n}`, t]),
      ...Object.entries(o.spec.targets.actors ?? {}).map(([n, t]) => [`actors.${n}`, t]),
      ...Object.entries(o.spec.targets.components ?? {}).flatMap(([n, c]) =>
        Object.entries(c).map(([dir, t]) => [`components.${n}.${dir}`, t])),
    ];
    for (const [name, t] of targets) {
      if (!has("timeouts", t.timeout)) fail(at, `target ${name}: no timeout policy "${t.timeout}"`);
      if (!has("retries", t.retry)) fail(at, `target ${name}: no retry policy "${t.retry}"`);
      if (!has("circuitBreakers", t.circuitBreaker)) fail(at, `target ${name}: no circuit breaker "${t.circuitBreaker}"`);
    }
  }
}

function podSpecOf(o) {
  switch (o.kind) {
    case "Deployment": case "StatefulSet": case "DaemonSet": case "Job": return o.spec?.template?.spec;
    case "CronJob": return o.spec?.jobTemplate?.spec?.template?.spec;
    default: return undefined;
  }
}

function checkPod(at, o, pod, pinnedImages) {
  const podSc = pod.securityContext ?? {};
  if (podSc.seccompProfile?.type !== "RuntimeDefault") fail(at, "pod securityContext.seccompProfile.type must be RuntimeDefault");
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    const cat = `${at} container ${c.name}`;
    const sc = c.securityContext ?? {};
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) fail(cat, "must run as non-root (runAsNonRoot: true)");
    if (sc.readOnlyRootFilesystem !== true) fail(cat, "needs readOnlyRootFilesystem: true");
    if (sc.allowPrivilegeEscalation !== false) fail(cat, "needs allowPrivilegeEscalation: false");
    if (sc.privileged === true) fail(cat, "must not be privileged");
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail(cat, "must drop ALL capabilities");
    for (const k of ["requests", "limits"]) for (const r of ["cpu", "memory"]) {
      if (c.resources?.[k]?.[r] === undefined) fail(cat, `needs resources.${k}.${r}`);
    }
    if (o.kind === "Deployment") {
      for (const p of ["readinessProbe", "livenessProbe"]) if (!c[p]) fail(cat, `needs a ${p}`);
    }
    const ports = new Set((c.ports ?? []).map((p) => p.name));
    for (const p of ["readinessProbe", "livenessProbe", "startupProbe"]) {
      const port = c[p]?.httpGet?.port ?? c[p]?.tcpSocket?.port;
      if (typeof port === "string" && !ports.has(port)) fail(cat, `${p} names port "${port}", which the container does not declare`);
    }
    if (pinnedImages && (/:latest$/.test(c.image) || !/[:@]/.test(c.image.split("/").pop()))) {
      fail(cat, `image ${c.image} is not pinned (a version tag or a digest, not latest)`);
    }
  }
}

function checkReferences(where, objects) {
  const workloads = objects.filter(podSpecOf);
  const podLabels = (w) => (w.kind === "CronJob" ? w.spec.jobTemplate.spec.template : w.spec.template).metadata?.labels ?? {};
  const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
  const selected = (selector) => workloads.filter((w) => matches(selector, podLabels(w)));
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  for (const h of byKind("HorizontalPodAutoscaler")) {
    const t = h.spec.scaleTargetRef;
    if (!objects.some((o) => o.kind === t.kind && o.metadata.name === t.name)) fail(`${where}: ${id(h)}`, `scales ${t.kind}/${t.name}, which does not exist`);
  }
  for (const p of byKind("PodDisruptionBudget")) {
    if (!selected(p.spec.selector?.matchLabels).length) fail(`${where}: ${id(p)}`, "selects no pods");
  }
  for (const s of byKind("Service")) {
    const pods = selected(s.spec.selector);
    if (!pods.length) { fail(`${where}: ${id(s)}`, "selects no pods"); continue; }
    for (const port of s.spec.ports ?? []) {
      if (typeof port.targetPort === "string" && !pods.every((w) => podSpecOf(w).containers.some((c) => (c.ports ?? []).some((cp) => cp.name === port.targetPort)))) {
        fail(`${where}: ${id(s)}`, `targetPort "${port.targetPort}" is not a container port of the pods it selects`);
      }
    }
  }
  for (const i of byKind("Ingress")) {
    for (const rule of i.spec.rules ?? []) for (const p of rule.http?.paths ?? []) {
      const b = p.backend.service, svc = objects.find((o) => o.kind === "Service" && o.metadata.name === b.name);
      if (!svc) fail(`${where}: ${id(i)}`, `backend Service ${b.name} does not exist`);
      else if (!svc.spec.ports.some((sp) => (b.port.name ? sp.name === b.port.name : sp.port === b.port.number))) fail(`${where}: ${id(i)}`, `Service ${b.name} has no port ${b.port.name ?? b.port.number}`);
    }
  }
  for (const n of byKind("NetworkPolicy")) {
    if (!matchesAny(n.spec.podSelector, workloads, podLabels)) fail(`${where}: ${id(n)}`, "its podSelector selects no pods");
    for (const rule of n.spec.egress ?? []) for (const peer of rule.to ?? []) {
      if (!peer.podSelector || peer.namespaceSelector) continue;
      const pods = selected(peer.podSelector.matchLabels);
      for (const port of rule.ports ?? []) {
        if (typeof port.port !== "number" || !pods.length) continue;
        const open = pods.some((w) => podSpecOf(w).containers.some((c) => (c.ports ?? []).some((cp) => cp.containerPort === port.port)));
        if (!open) fail(`${where}: ${id(n)}`, `allows port ${port.port} to pods that listen on no such port`);
      }
    }
  }
  // Secrets by reference only: every Secret named is one that examples/secrets.yaml shows, or one
  // created another way (SECRETS_CREATED_ELSEWHERE).
  const examples = new Set(yaml.loadAll(readFileSync(path.join(k8sDir, "examples/secrets.yaml"), "utf8"))
    .filter((o) => o?.kind === "Secret").map((o) => o.metadata.name));
  for (const o of objects) {
    for (const name of secretNames(o)) {
      if (!examples.has(name) && !SECRETS_CREATED_ELSEWHERE[name]) fail(`${where}: ${id(o)}`, `names Secret ${name}, which k8s/examples/secrets.yaml does not show`);
    }
  }
}

function matchesAny(selector, workloads, podLabels) {
  const labels = selector?.matchLabels ?? {};
  return Object.keys(labels).length === 0 || workloads.some((w) => Object.entries(labels).every(([k, v]) => podLabels(w)[k] === v));
}

function secretNames(o) {
  const names = new Set();
  (function walk(v, key) {
    if (Array.isArray(v)) { v.forEach((x) => walk(x)); return; }
    if (!v || typeof v !== "object") return;
    if ((key === "secretKeyRef" || key === "secretRef") && v.name) names.add(v.name);
    if (key === "secret" && v.secretName) names.add(v.secretName);
    if (key === "tls") { /* handled by the array branch below */ }
    for (const [k, x] of Object.entries(v)) walk(x, k);
  })(o);
  if (o.kind === "Ingress") for (const t of o.spec.tls ?? []) if (t.secretName) names.add(t.secretName);
  return names;
}

// ---------------------------------------------------------------------------------------------
// consistency: ./platform, tye.yaml, appsettings.json, the rendered overlays

function readPlatform(file) {
  const text = readFileSync(file, "utf8");
  const array = (name) => {
    const m = text.match(new RegExp(`^${name}=\\(([^)]*)\\)`, "m"));
    if (!m) throw new Error(`${file}: no ${name}=(...) array`);
    return m[1].trim().split(/\s+/).flatMap((w) => w === '"${SERVICES[@]}"' ? services : [w]);
  };
  const services = array("SERVICES");
  const components = array("COMPONENTS");
  const body = (fn) => {
    const m = text.match(new RegExp(`^${fn}\\(\\) \\{[^\\n]*\\n([\\s\\S]*?)^\\}`, "m"));
    if (!m) throw new Error(`${file}: no function ${fn}()`);
    return m[1];
  };
  const caseTable = (fn) => {
    const table = {};
    for (const m of body(fn).matchAll(/([\w-]+(?:\s*\|\s*[\w-]+)*)\)\s*echo\s+([^\s;]+)/g)) {
      for (const n of m[1].split("|")) table[n.trim()] = m[2] === "-" ? undefined : Number(m[2]);
    }
    return table;
  };
  const grpc = caseTable("grpc_port"), http = caseTable("http_port");
  // component_env(): which NAME=... lines each component gets, following its if/elif/else on $name.
  const env = Object.fromEntries(components.map((c) => [c, new Set()]));
  const stack = []; // frames: { names: [...names of earlier branches], current: predicate }
  for (const line of body("component_env").split("\n")) {
    const t = line.trim();
    let m;
    if ((m = t.match(/^if \[\[ "\$name" == ([\w-]+) \]\]/))) { const n = m[1]; stack.push({ seen: [n], current: (c) => c === n }); continue; }
    if ((m = t.match(/^elif \[\[ "\$name" == ([\w-]+) \]\]/))) { const f = stack.at(-1), n = m[1], seen = [...f.seen]; f.seen.push(n); f.current = (c) => c === n && !seen.includes(c); continue; }
    if (t === "else" && stack.length) { const f = stack.at(-1), seen = [...f.seen]; f.current = (c) => !seen.includes(c); continue; }
    if (t === "fi" && stack.length) { stack.pop(); continue; }
    if (/^if /.test(t)) { stack.push({ seen: [], current: () => true }); continue; }
    for (const e of t.matchAll(/echo "([A-Za-z_][\w${}-]*)=/g)) {
      const onlyWithGrpc = /grpc_port "\$\w+"\)" != -/.test(t);
      for (const c of components) {
        if (!stack.every((f) => f.current(c))) continue;
        if (onlyWithGrpc && grpc[c] === undefined) continue;
        const names = e[1].includes("$s") ? services.map((s) => e[1].replaceAll("$s", s)) : [e[1]];
        for (const n of names) env[c].add(n);
      }
    }
  }
  const scalar = (name) => {
    const m = text.match(new RegExp(`^${name}=(\\d+)`, "m"));
    if (!m) throw new Error(`${file}: no ${name}=<number>`);
    return Number(m[1]);
  };
  const replicas = { max: scalar("MAX_REPLICAS"), step: scalar("REPLICA_PORT_STEP") };
  return { services, components, grpc, http, env, replicas };
}

function readTye(file) {
  const doc = yaml.load(readFileSync(file, "utf8"));
  const daprOff = new Set(Object.entries(doc.extensions?.find((x) => x.name === "dapr")?.services ?? {})
    .filter(([, v]) => String(v.enabled) === "false").map(([k]) => k));
  const services = {};
  for (const s of doc.services ?? []) {
    if (s.external || !s.project) continue;
    const env = Object.fromEntries((s.env ?? []).map((e) => [e.name, String(e.value)]));
    const binding = (n) => s.bindings?.find((b) => b.name === n)?.port;
    services[s.name] = { grpc: binding("grpc"), http: binding("http"), env, dapr: !daprOff.has(s.name) };
  }
  return services;
}

function readAppSettings() {
  const result = {};
  const dir = path.join(root, "services");
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name, "appsettings.json");
    if (!existsSync(file)) continue;
    const s = JSON.parse(readFileSync(file, "utf8")).Service;
    if (s) result[name] = { grpc: s.GrpcPort, http: s.HttpPort };
  }
  return result;
}

function readCluster(objects) {
  const services = {};
  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    const t = d.spec.template, c = t.spec.containers.find((x) => x.name === d.metadata.name) ?? t.spec.containers[0];
    const port = (n) => c.ports?.find((p) => p.name === n)?.containerPort;
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? (e.valueFrom ? "(from a Secret)" : "")]));
    const svc = objects.find((o) => o.kind === "Service" && o.metadata.name === d.metadata.name);
    const a = t.metadata?.annotations ?? {};
    services[d.metadata.name] = {
      grpc: port("grpc"), http: port("http"), env,
      servicePorts: Object.fromEntries((svc?.spec.ports ?? []).map((p) => [p.name, p])),
      hasService: Boolean(svc),
      dapr: a["dapr.io/enabled"] === "true", appId: a["dapr.io/app-id"], appPort: a["dapr.io/app-port"],
    };
  }
  return services;
}

function checkConsistency(dir, objects, { platform, tye, appsettings }) {
  const cluster = readCluster(objects);
  const at = (s) => `${dir}: ${s}`;
  const platformServices = platform.components.filter((c) => !DEVELOPMENT_ONLY_COMPONENTS[c]);
  const sets = { "./platform": platformServices, "tye.yaml": Object.keys(tye), [`k8s/${dir}`]: Object.keys(cluster) };
  const all = [...new Set(Object.values(sets).flat())].sort();
  for (const s of all) {
    for (const [source, names] of Object.entries(sets)) {
      if (!names.includes(s)) fail(at(s), `service missing from ${source} (present in ${Object.keys(sets).filter((k) => sets[k].includes(s)).join(", ")})`);
    }
  }
  for (const s of all) {
    const k = cluster[s], t = tye[s];
    // Ports: every source that knows the service gives it the same two ports (or none for gRPC).
    for (const kind of ["grpc", "http"]) {
      const setting = kind === "grpc" ? "Service__GrpcPort" : "Service__HttpPort";
      const seen = {
        "./platform": platform.components.includes(s) ? platform[kind][s] : "absent",
        "tye.yaml binding": t ? t[kind] : "absent",
        [`tye.yaml ${setting}`]: t ? num(t.env[setting]) : "absent",
        [`services/${s}/appsettings.json`]: appsettings[s] ? appsettings[s][kind] : "absent",
        "k8s container port": k ? k[kind] : "absent",
        [`k8s ${setting}`]: k ? num(k.env[setting]) : "absent",
        "k8s Service port": k?.hasService ? k.servicePorts[kind]?.port : "absent",
      };
      const values = Object.entries(seen).filter(([, v]) => v !== "absent");
      if (new Set(values.map(([, v]) => String(v))).size > 1) {
        fail(at(s), `${kind} port disagrees: ${values.map(([src, v]) => `${src}=${v ?? "none"}`).join(", ")}`);
      }
      if (k?.hasService && k[kind] !== undefined && k.servicePorts[kind]?.targetPort !== kind) {
        fail(at(s), `Service port ${kind} must target the container port named ${kind}`);
      }
    }
    if (!k || !t) continue;
    // Dapr: the sidecar where tye.yaml runs one, with the app-id and app port (HTTP/1.1) to match.
    if (k.dapr !== t.dapr) fail(at(s), `Dapr sidecar ${k.dapr ? "on" : "off"} in k8s but ${t.dapr ? "on" : "off"} in tye.yaml`);
    if (k.dapr) {
      if (k.appId !== s) fail(at(s), `dapr.io/app-id is ${k.appId}, not ${s}`);
      if (num(k.appPort) !== k.http) fail(at(s), `dapr.io/app-port ${k.appPort} is not the HTTP/1.1 port ${k.http}`);
      for (const n of ["Events__Transport", "Events__PubSubName"]) {
        if (k.env[n] !== t.env[n]) fail(at(s), `${n} is ${k.env[n]} in k8s but ${t.env[n]} in tye.yaml`);
      }
    }
    // Settings: what ./platform or tye.yaml sets, the cluster sets too (values may differ).
    const local = new Set([...(platform.env[s] ?? []), ...Object.keys(t.env)]);
    for (const n of [...local].sort()) {
      if (!(n in k.env) && !DEVELOPMENT_ONLY_SETTINGS[n] && !isExtraInstanceDestination(n)) {
        const from = [platform.env[s]?.has(n) && "./platform", n in t.env && "tye.yaml"].filter(Boolean).join(" and ");
        fail(at(s), `setting ${n} (set by ${from}) is missing from the Deployment`);
      }
    }
  }
  // The gateway's destinations: every service behind it, at its own ports, in every source.
  const destinations = {
    "./platform": Object.fromEntries(platform.services.flatMap((s) => [[`${s}-grpc`, { port: platform.grpc[s] }], [`${s}-rest`, { port: platform.http[s] }]])),
    "tye.yaml": proxyPorts(tye.gateway?.env ?? {}),
    [`k8s/${dir}`]: proxyPorts(cluster.gateway?.env ?? {}),
  };
  const ports = (s, kind) => cluster[s]?.[kind] ?? platform[kind][s];
  for (const [source, table] of Object.entries(destinations)) {
    for (const s of platform.services) for (const [suffix, kind] of [["grpc", "grpc"], ["rest", "http"]]) {
      const c = `${s}-${suffix}`;
      if (!(c in table)) fail(at("gateway"), `${source} gives the gateway no destination for cluster ${c}`);
      else if (table[c].port === undefined || ports(s, kind) === undefined) fail(at("gateway"), `${source}: cluster ${c} has no port (does ${s} have a ${kind} port everywhere?)`);
      else if (table[c].port !== ports(s, kind)) fail(at("gateway"), `${source}: cluster ${c} goes to port ${table[c].port}, not ${ports(s, kind)}`);
    }
    for (const [c, d] of Object.entries(table)) {
      const s = c.replace(/-(grpc|rest)$/, "");
      if (source.startsWith("k8s") && d.host && !cluster[d.host]) fail(at("gateway"), `cluster ${c} goes to host ${d.host}, which is no Deployment of the overlay`);
      if (source.startsWith("k8s") && !platform.services.includes(s) && s !== "identity") fail(at("gateway"), `cluster ${c} is for no service of ./platform`);
    }
  }
  // Dapr objects: the component the services publish through, scoped to exactly the Dapr apps.
  const daprApps = Object.keys(cluster).filter((s) => cluster[s].dapr).sort();
  const pubsubNames = new Set(daprApps.map((s) => cluster[s].env.Events__PubSubName));
  for (const name of pubsubNames) {
    const comp = objects.find((o) => o.kind === "Component" && o.metadata.name === name);
    if (!comp) { fail(at(`Component/${name}`), "the services publish through it, but the overlay has no such Component"); continue; }
    if (!comp.spec.type.startsWith("pubsub.")) fail(at(`Component/${name}`), `is ${comp.spec.type}, not a pub/sub component`);
    if (JSON.stringify([...(comp.scopes ?? [])].sort()) !== JSON.stringify(daprApps)) fail(at(`Component/${name}`), `scopes ${JSON.stringify(comp.scopes)} are not the Dapr apps ${JSON.stringify(daprApps)}`);
    const res = objects.filter((o) => o.kind === "Resiliency" && o.spec.targets.components?.[name]);
    if (!res.length) fail(at(`Component/${name}`), "no Resiliency targets it");
    for (const r of res) {
      if (JSON.stringify([...(r.scopes ?? [])].sort()) !== JSON.stringify(daprApps)) fail(at(id(r)), `scopes ${JSON.stringify(r.scopes)} are not the Dapr apps ${JSON.stringify(daprApps)}`);
    }
  }
  // The reporting job reaches the gateway at its two ports.
  for (const cj of objects.filter((o) => o.kind === "CronJob")) {
    const env = Object.fromEntries((cj.spec.jobTemplate.spec.template.spec.containers[0].env ?? []).map((e) => [e.name, e.value]));
    for (const [n, kind] of [["Reporting__Authority", "http"], ["Reporting__Gateway", "grpc"]]) {
      if (env[n] !== undefined && urlPort(env[n]) !== ports("gateway", kind)) fail(at(id(cj)), `${n} ${env[n]} is not the gateway's ${kind} port ${ports("gateway", kind)}`);
    }
  }
}

// ./platform up --replicas: instance k of a service listens on its ports + step x (k - 1). Up to
// MAX_REPLICAS instances, no two components or instances may share a port.
function checkReplicaPorts({ services, components, grpc, http, replicas }) {
  const owners = new Map();
  for (const c of components) {
    const instances = services.includes(c) ? replicas.max : 1;
    for (let k = 1; k <= instances; k++) {
      const name = k === 1 ? c : `${c}-${k}`;
      for (const base of [grpc[c], http[c]]) {
        if (base === undefined) continue;
        const port = base + replicas.step * (k - 1);
        if (owners.has(port)) fail("./platform --replicas", `${owners.get(port)} and ${name} would both listen on port ${port} (MAX_REPLICAS=${replicas.max}, REPLICA_PORT_STEP=${replicas.step})`);
        else owners.set(port, name);
      }
    }
  }
}

function proxyPorts(env) {
  const table = {};
  for (const [k, v] of Object.entries(env)) {
    const m = k.match(/^ReverseProxy__Clusters__(.+)__Destinations__primary__Address$/);
    if (m) table[m[1]] = { port: urlPort(v), host: new URL(v).hostname };
  }
  return table;
}

function urlPort(u) {
  const url = new URL(u);
  return Number(url.port || (url.protocol === "https:" ? 443 : 80));
}

function num(v) {
  return v === undefined ? undefined : Number(v);
}

function parseArgs(argv) {
  const a = { manifest: [] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === "--no-compare") a.noCompare = true;
    else if (k === "--manifest") a.manifest.push(argv[++i]);
    else if (["--root", "--k8s", "--tye", "--platform", "--kubectl"].includes(k)) a[k.slice(2)] = argv[++i];
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

main().then(
  () => {
    for (const e of errors) console.log(`  ✗ ${e}`);
    console.log(errors.length ? `k8s check: ${errors.length} error(s)` : "k8s check: no errors");
    process.exit(errors.length ? 1 : 0);
  },
  (e) => {
    console.error(e.missingTool ? e.message : e.stack);
    process.exit(e.missingTool ? 3 : 1);
  });
