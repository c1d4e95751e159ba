/**
 * What every capability shares and nothing else: error categories ({@link io.capstan.core.ErrorCode},
 * {@link io.capstan.core.CapstanException}), paging and the id seam. Time comes in as
 * {@link java.time.Clock}. JDK only, no dependencies.
 */
package io.capstan.core;
