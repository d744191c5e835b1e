import { defineRule } from './define';
import { asArray, normalizeHostPath, services, volumeMount } from './util';

const SOCKETS = ['docker.sock', 'podman.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock', 'docker_engine'];
/** Directories whose mount exposes a runtime socket inside them. */
const SOCKET_DIRS = ['/run', '/var/run', '/run/docker', '/var/run/docker', '/run/podman', '/var/run/podman', '/run/containerd', '/var/run/containerd', '/run/crio', '/var/run/crio'];

/** The runtime socket a host path exposes, or undefined. */
export function runtimeSocket(source: string): string | undefined {
  const p = normalizeHostPath(source);
  const base = p.split('/').pop() ?? '';
  if (SOCKETS.includes(base)) return base;
  if (p.startsWith('//./pipe/docker_engine')) return 'docker_engine';
  if (SOCKET_DIRS.includes(p)) return `${p} (holds the runtime sockets)`;
  if (/^\/run\/user\/\d+(\/(podman|docker))?$/.test(p)) return `${p} (holds the rootless runtime socket)`;
  return undefined;
}

export const noRuntimeSocket = defineRule(
  {
    id: 'no-runtime-socket',
    title: 'Container runtime socket mounted',
    defaultSeverity: 'error',
    help:
      'Mounting docker.sock, podman.sock or containerd.sock (or a directory holding them) gives the container full control of the ' +
      'container runtime, which is root on the host: it can start a privileged container that mounts /. Remove the mount; if a tool ' +
      'really needs the Docker API, put a filtering socket proxy (for example tecnativa/docker-socket-proxy with only the endpoints ' +
      'it needs, read-only) in between.',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      asArray(svc.volumes).forEach((v, i) => {
        const m = volumeMount(v);
        if (!m?.source || m.type === 'volume' || m.type === 'tmpfs') return;
        const sock = runtimeSocket(m.source);
        if (sock) {
          report({ service: name, path: typeof v === 'string' ? ['services', name, 'volumes', i] : ['services', name, 'volumes', i, 'source'], detail: sock, message: `service "${name}" mounts the container runtime socket ${sock}` });
        }
      });
    }
  },
);
