"use strict";
// The field names of an SDK model, read from the model's TypeScript declaration in the installed
// package (e.g. oci-core/lib/model/instance.d.ts), so that every key the simulator sends can be
// checked against Oracle's generated model: a misspelt key ("memoryInGbs") or a missing required
// one fails. The SDK keeps unknown keys in its parsed objects, so nothing else would notice.
// Nested model fields (`"shapeConfig"?: model.InstanceShapeConfig;`, unions of subtypes,
// `Array<model.X>`) are checked recursively.

const fs = require("fs");
const path = require("path");
const { fail } = require("./harness");

// A field declaration's first line; multi-line types (maps such as definedTags) start with "{".
const k_field_line = /^ {4}"(\w+)"(\?)?: (.*)$/;
// Keys that real OCI responses carry although the 2.139.1 SDK does not model them, observed in
// real payloads (/work/shared/oci/COMPUTE-API.md, conventions in section 0 and section 7.8).
const k_observed_extra_keys = {
  Image: ["imageVolumeDetails"],
  LaunchOptions: ["isEncryptionInTransitEnabled"],
};
// Fields the SDK declares required that real responses send as null (platform images have no
// compartment: COMPUTE-API.md section 7.8, Image model).
const k_observed_null_required = {
  Image: ["compartmentId"],
};
const cache = new Map();

function fileOf(typeName) {
  return typeName.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

// Model type names in a field's declared type: "model.A | model.B;" or "Array<model.A>;" (a map
// type, "{ [key: string]: ... }", has none that is checked).
function nestedTypes(declaredType) {
  if (declaredType.startsWith("{")) {
    return [];
  }
  return [...declaredType.matchAll(/model\.(\w+)/g)].map((m) => m[1]);
}

// {all: Set, required: Set, nested: Map field -> [type names], array: Set} of a model.
function modelFields(pkg, typeName) {
  const key = `${pkg}/${typeName}`;
  if (!cache.has(key)) {
    const declaration = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "lib", "model",
      `${fileOf(typeName)}.d.ts`);
    if (!fs.existsSync(declaration)) {
      fail(`no declaration ${declaration} for model ${typeName}`);
    }
    const fields = { all: new Set(), required: new Set(), nested: new Map(), array: new Set() };
    for (const line of fs.readFileSync(declaration, "utf8").split("\n")) {
      const match = k_field_line.exec(line);
      if (!match) {
        continue;
      }
      const [, name, optional, declaredType] = match;
      fields.all.add(name);
      if (!optional) {
        fields.required.add(name);
      }
      const types = nestedTypes(declaredType);
      if (types.length > 0) {
        fields.nested.set(name, types);
      }
      if (declaredType.startsWith("Array<")) {
        fields.array.add(name);
      }
    }
    if (fields.all.size === 0) {
      fail(`no fields found in ${declaration}`);
    }
    (k_observed_extra_keys[typeName] || []).forEach((name) => fields.all.add(name));
    (k_observed_null_required[typeName] || []).forEach((name) => fields.required.delete(name));
    cache.set(key, fields);
  }
  return cache.get(key);
}

// The problem with `object` as one of `typeNames` (any one may match), or null.
function problemWith(object, pkg, typeNames, where) {
  const problems = [];
  for (const typeName of typeNames) {
    const problem = problemWithType(object, pkg, typeName, where);
    if (problem === null) {
      return null;
    }
    problems.push(problem);
  }
  return problems.join("; or ");
}

function problemWithType(object, pkg, typeName, where) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    return `${where}: expected a ${typeName} object, got ${JSON.stringify(object)}`;
  }
  const fields = modelFields(pkg, typeName);
  const present = Object.keys(object).filter((k) => object[k] !== undefined);
  const unknown = present.filter((k) => !fields.all.has(k));
  if (unknown.length > 0) {
    return `${where}: keys not in the SDK model ${typeName}: ${unknown.join(", ")}`;
  }
  const missing = [...fields.required].filter((k) => object[k] === undefined || object[k] === null);
  if (missing.length > 0) {
    return `${where}: required fields of the SDK model ${typeName} missing: ${missing.join(", ")}`;
  }
  for (const [name, types] of fields.nested) {
    const value = object[name];
    if (value === undefined || value === null) {
      continue;
    }
    const items = fields.array.has(name) ? value : [value];
    for (let n = 0; n < items.length; n += 1) {
      const problem = problemWith(items[n], pkg, types, fields.array.has(name) ? `${where}.${name}[${n}]` : `${where}.${name}`);
      if (problem !== null) {
        return problem;
      }
    }
  }
  return null;
}

// Fails when `object` (as the SDK parsed it) is not a valid `typeName` of package `pkg`.
function expectModel(object, pkg, typeName, what) {
  const problem = problemWith(object, pkg, [typeName], what);
  if (problem !== null) {
    fail(problem);
  }
}

module.exports = { expectModel };
