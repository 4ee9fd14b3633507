package io.poshub.member;

import org.springframework.modulith.NamedInterface;

/** A member file that cannot be read at all (no header, an unknown or repeated column): nothing of it loads. */
@NamedInterface("api")
public class MemberFileException extends IllegalArgumentException {

    public MemberFileException(String message) {
        super(message);
    }
}
