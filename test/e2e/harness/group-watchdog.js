'use strict';
// Plain JS: it is started with `node` directly (no ts-jest), as the leader of a new process group:
//   node group-watchdog.js <command> [args...]
// It runs the command in its own group and kills the whole group (n8n, its task runner, itself)
// as soon as the test process that started it goes away. The test process cannot do that itself:
// jest runs test code in a sandbox whose process.on('exit') hooks never fire, and a crash,
// SIGKILL or Ctrl-C of jest would otherwise leave n8n servers running.
const { spawn } = require('node:child_process');
const { constants } = require('node:os');

const [command, ...args] = process.argv.slice(2);
const parentPid = process.ppid;

function killGroup() {
	try {
		process.kill(-process.pid, 'SIGKILL');
	} finally {
		process.exit(137);
	}
}

// The harness stops a group with SIGTERM to all members: the command shuts down on its own and
// this process stays to report how it ended.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {});

// The harness holds the other end of stdin: it closes when the test process dies, however it dies.
process.stdin.on('end', killGroup);
process.stdin.on('error', killGroup);
process.stdin.resume();
// Belt and braces: re-parenting also means the test process is gone.
setInterval(() => {
	if (process.ppid !== parentPid) killGroup();
}, 1000).unref();

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (error) => {
	process.stderr.write(`group-watchdog: cannot start ${command}: ${error.message}\n`);
	process.exit(127);
});
child.on('exit', (code, signal) => {
	// 128 + signal number, as a shell reports it; re-raising the signal could write a core file.
	process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
});
