/**
 * The published pack pins its whole dependency tree (policypack/npm-shrinkwrap.json, written by
 * `npm run shrinkwrap:policypack`) at the versions the repository installs and tests: Pulumi installs
 * a published pack's dependencies on first use, on every machine the pack is enforced on, and
 * without the shrinkwrap npm would resolve their dependencies afresh each time.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..", "..");
const PACK = path.join(ROOT, "policypack");

interface LockEntry {
    name?: string;
    version?: string;
    link?: boolean;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    devDependencies?: Record<string, string>;
}

interface Lock {
    lockfileVersion: number;
    packages: Record<string, LockEntry>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;
const REGENERATE = "run `npm run shrinkwrap:policypack`";

/** The package name a lockfile path installs (`node_modules/a/node_modules/@s/b` -> `@s/b`). */
const nameAt = (key: string) => key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);

/** Where Node finds `dep` from the package at `from`: its own node_modules, then each parent's. */
function resolveIn(packages: Record<string, LockEntry>, from: string, dep: string): string | undefined {
    let base = from;
    for (;;) {
        const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
        if (packages[candidate]) {
            return candidate;
        }
        if (!base) {
            return undefined;
        }
        const up = base.lastIndexOf("/node_modules/");
        base = up < 0 ? "" : base.slice(0, up);
    }
}

describe("the policy pack's npm-shrinkwrap.json", () => {
    const manifest = readJson<LockEntry & { files: string[] }>(path.join(PACK, "package.json"));
    const shrinkwrap = readJson<Lock>(path.join(PACK, "npm-shrinkwrap.json"));
    const repository = readJson<Lock>(path.join(ROOT, "package-lock.json"));

    it("is published with the pack and describes it", () => {
        assert.ok(manifest.files.includes("npm-shrinkwrap.json"), "package.json files lists it (npm pack leaves it out otherwise)");
        const root = shrinkwrap.packages[""];
        assert.deepEqual(
            [root.name, root.version, root.dependencies, root.devDependencies],
            [manifest.name, manifest.version, manifest.dependencies, manifest.devDependencies],
            `the shrinkwrap is for another package.json: ${REGENERATE}`,
        );
        assert.ok(shrinkwrap.lockfileVersion >= 3);
    });

    it("pins only versions the repository installs and tests", () => {
        const installed = new Map<string, Set<string>>();
        for (const [key, entry] of Object.entries(repository.packages)) {
            if (key.includes("node_modules/") && entry.version) {
                const versions = installed.get(nameAt(key)) ?? new Set<string>();
                versions.add(entry.version);
                installed.set(nameAt(key), versions);
            }
        }
        const pinned = Object.entries(shrinkwrap.packages).filter(([key]) => key !== "");
        assert.ok(pinned.length > 50, `the tree is pinned (${pinned.length} packages)`);
        const strays = pinned.filter(([key, entry]) => !installed.get(nameAt(key))?.has(entry.version ?? "")).map(([key, entry]) => `${key}@${entry.version}`);
        assert.deepEqual(strays, [], `versions the repository does not install: ${REGENERATE}`);
    });

    it("holds every dependency of the pack and of each pinned package", () => {
        const missing: string[] = [];
        for (const [key, entry] of Object.entries(shrinkwrap.packages)) {
            const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name));
            const needed = [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers.has(name))];
            for (const dep of needed) {
                if (!resolveIn(shrinkwrap.packages, key, dep)) {
                    missing.push(`${key || "(the pack)"} -> ${dep}`);
                }
            }
        }
        assert.deepEqual(missing, [], `dependencies the shrinkwrap does not hold: ${REGENERATE}`);
    });
});
