// Runs a TypeScript file of this repository in a plain node child process (no ts-node here):
//   node test/processes/ts-child.js <file.ts> [args...]
// Each .ts file is transpiled on require, as jest's ts-jest does for the tests.
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const ts = require('typescript');

// '.ts' is tried first: `Kommo.node` must find Kommo.node.ts, not the codex file Kommo.node.json.
const builtIn = { ...require.extensions };
for (const extension of Object.keys(builtIn)) delete require.extensions[extension];
require.extensions['.ts'] = (module, filename) => {
	const output = ts.transpileModule(readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			esModuleInterop: true,
		},
	});
	module._compile(output.outputText, filename);
};
Object.assign(require.extensions, builtIn);

const [file, ...args] = process.argv.slice(2);
require(resolve(__dirname, '..', 'setup-n8n-env.ts'));
process.argv = [process.argv[0], file, ...args];
require(resolve(file));
