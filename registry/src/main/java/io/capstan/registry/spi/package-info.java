/**
 * The registry's port: {@link io.capstan.registry.spi.RegistryStore}, implemented in memory
 * here ({@code io.capstan.registry.memory}) and on SQL in {@code store-sql}; both pass
 * {@code testkit}'s {@code RegistryStoreContract}.
 */
package io.capstan.registry.spi;
