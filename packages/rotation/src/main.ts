import { runAction } from '@hardline/core';
import { rotateSecretsCommand } from './command';
void runAction(rotateSecretsCommand);
