package io.callcenter.crm.api;

/** A resource that does not exist; becomes a 404 problem. */
class NotFoundException extends RuntimeException {

    NotFoundException(String what) {
        super(what);
    }
}
