package io.switchboard.app.security;

import io.switchboard.app.web.RequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Puts the signed-in user's tenant into the log context; runs after Spring Security's filters. */
@Component
@Order(0)
public class TenantLogContextFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    CurrentUser.get().ifPresent(u -> MDC.put(RequestIdFilter.TENANT_ID, u.tenantId().toString()));
    chain.doFilter(request, response);
  }
}
