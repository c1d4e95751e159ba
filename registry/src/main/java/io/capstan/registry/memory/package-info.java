/** The in-memory reference implementation of the registry port, for tests and embedding. */
package io.capstan.registry.memory;
