package io.switchboard.app.security;

import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Who is signed in: the principal of every authenticated request, UI or API. */
public record SwitchboardUser(TenantId tenantId, UUID userId, String email, Role role, boolean superadmin,
                              String tenantName) implements AuthenticatedPrincipal, Serializable {

  @Override
  public String getName() {
    return email;
  }

  public List<GrantedAuthority> authorities() {
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (Role r : Role.values()) {
      if (role.atLeast(r)) {
        authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name()));
      }
    }
    if (superadmin) {
      authorities.add(new SimpleGrantedAuthority("ROLE_SUPERADMIN"));
    }
    return authorities;
  }

  /** Refuses the request with 403 unless this user's role is at least {@code required}. */
  public void require(Role required, String whatFor) {
    if (!role.atLeast(required)) {
      throw new ApiException(HttpStatus.FORBIDDEN, "forbidden",
          "Only a workspace " + required.dbValue() + " can " + whatFor + ".");
    }
  }

  public void requireSuperadmin(String whatFor) {
    if (!superadmin) {
      throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Only the platform superadmin can " + whatFor + ".");
    }
  }
}
