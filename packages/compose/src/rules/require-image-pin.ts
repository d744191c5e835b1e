import { defineRule } from './define';
import { serviceImage, services } from './util';

export const requireImagePin = defineRule(
  {
    id: 'require-image-pin',
    title: 'Image not pinned',
    defaultSeverity: 'warning',
    help:
      'An image without a tag or tagged `latest` changes under you: each pull may bring a new major version or a compromised build, ' +
      'and two hosts run different code. Pin a version tag (`postgres:16.4`), or better a digest (`postgres:16.4@sha256:…`) that ' +
      'Renovate or Dependabot can update. With `digest: required` in .hardline.yml every image without `@sha256:` is an error.',
  },
  ({ project, config, report }) => {
    for (const [name, svc] of services(project)) {
      const img = serviceImage(svc);
      if (!img) continue;
      const path = ['services', name, 'image'];
      if (config.digest === 'required' && !img.digest?.startsWith('sha256:')) {
        report({ service: name, path, severity: 'error', message: `service "${name}": image ${img.raw} is not pinned by digest (@sha256:…)` });
        continue;
      }
      // An image that is also built here is named, not pulled.
      if (svc.build !== undefined || img.digest) continue;
      if (img.tag === undefined) report({ service: name, path, message: `service "${name}": image ${img.raw} has no tag (means latest)` });
      else if (img.tag.toLowerCase() === 'latest') report({ service: name, path, message: `service "${name}": image ${img.raw} uses the moving tag latest` });
    }
  },
);
