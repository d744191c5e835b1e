import { runAction } from '@hardline/core';
import { unsealCommand } from './unseal-command';
void runAction(unsealCommand);
