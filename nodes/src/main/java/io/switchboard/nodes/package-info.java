/**
 * Node types behind the engine's node SPI: triggers, logic, AI, messaging, CRM and HTTP, one
 * package per feature holding the node, its config record, its provider adapter and its tests.
 * The node types arrive with the Nodes issue; this module exists so they land in the right place.
 */
package io.switchboard.nodes;
