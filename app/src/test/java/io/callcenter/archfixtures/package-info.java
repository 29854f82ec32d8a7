/**
 * Classes that break the architecture rules on purpose, one small package per rule, so that
 * {@code ArchitectureTest} shows each rule rejecting a violation. Nothing outside that test uses them.
 */
package io.callcenter.archfixtures;
