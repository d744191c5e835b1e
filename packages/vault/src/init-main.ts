import { runAction } from '@hardline/core';
import { initCommand } from './init-command';
void runAction(initCommand);
