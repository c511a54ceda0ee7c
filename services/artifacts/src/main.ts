import 'reflect-metadata';
import { runServiceProcess } from '@ticketonomics/runtime';
import { startArtifacts } from './artifacts.app';
import { ArtifactsConfigSchema } from './config/artifacts.config';

runServiceProcess({ name: 'artifacts', configSchema: ArtifactsConfigSchema, start: startArtifacts });
