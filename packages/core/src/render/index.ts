export { renderText, type TextOptions } from './text';
export { renderJson } from './json';
export { renderSarif } from './sarif';
export { renderCodeQuality } from './codequality';
export { renderJUnit } from './junit';
export { renderAnnotations, escapeData, escapeProperty, MAX_ANNOTATIONS_PER_LEVEL } from './annotations';
export { renderMarkdown, cell } from './markdown';
export { repoRelative, toPosix, defaultPathContext, type PathContext } from './paths';
