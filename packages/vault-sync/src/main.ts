import { runAction } from '@hardline/core';
import { syncCommand } from './command';
void runAction(syncCommand);
