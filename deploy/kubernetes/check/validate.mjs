// Reads rendered manifests (kubectl kustomize …) from stdin and validates every document against the Kubernetes API's
// OpenAPI schemas (kubernetes-models: the upstream schemas, checked with ajv). Exits 1 naming each document that fails,
// or when a document is of a kind it cannot check.
import { parseAllDocuments } from "yaml";

const input = await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
});

let failed = 0;
let checked = 0;
for (const doc of parseAllDocuments(input)) {
  const object = doc.toJS();
  if (!object) continue;
  const { apiVersion, kind } = object;
  const name = `${kind}/${object.metadata?.name ?? "?"}`;
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  let Model;
  try {
    Model = (await import(path))[kind];
  } catch (e) {
    console.error(`${name}: no schema for ${apiVersion} ${kind}`);
    failed++;
    continue;
  }
  try {
    new Model(object).validate();
    checked++;
  } catch (e) {
    console.error(`${name}: ${e.message}`);
    failed++;
  }
}
console.log(`${checked} manifest(s) valid against the Kubernetes schemas, ${failed} not`);
process.exit(failed === 0 && checked > 0 ? 0 : 1);
