/**
 * Pure matching library: package identity (purl), version ordering per ecosystem, OSV evaluation.
 */
package io.vigil.core;
