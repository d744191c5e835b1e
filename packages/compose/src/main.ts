import { runAction } from '@hardline/core';
import { composeCommand } from './command';
void runAction(composeCommand);
