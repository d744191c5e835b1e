import { runAction } from '@hardline/core';
import { scanCommand } from './command';
void runAction(scanCommand);
