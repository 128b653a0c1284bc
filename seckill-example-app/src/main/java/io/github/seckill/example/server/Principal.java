package io.github.seckill.example.server;

/**
 * Who calls: a buyer (their user id) or an admin.
 *
 * @param userId the buyer's user id, or 0 for an admin
 * @param role what they may do
 */
record Principal(long userId, Role role) {

    /** What a caller may do. */
    enum Role {
        /** Buy, pay, cancel and read their own orders. */
        BUYER,
        /** Create activities, read every order, cancel with a reason, audit and reconcile. */
        ADMIN
    }

    boolean admin() {
        return role == Role.ADMIN;
    }
}
