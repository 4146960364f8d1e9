/**
 * The template catalog: superadmin-published, versioned workflow templates, their instantiation
 * into a tenant, and n8n import. Arrives with the Templates issue.
 */
package io.switchboard.templates;
