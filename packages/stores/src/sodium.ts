/**
 * libsodium, loaded through `require` on purpose: libsodium-wrappers 0.7.16's ESM build imports
 * "./libsodium.mjs", a file its package does not ship, so a bundler that follows the "import"
 * condition (esbuild does, even for CommonJS output) fails. `import x = require()` selects the
 * package's CommonJS build instead.
 */
import sodium = require('libsodium-wrappers');

export { sodium };
