package io.poshub.member;

/** A member file that cannot be read at all (no header, an unknown or repeated column): nothing of it loads. */
public class MemberFileException extends IllegalArgumentException {

    public MemberFileException(String message) {
        super(message);
    }
}
